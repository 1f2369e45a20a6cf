"""Translate SAM templates to plain CloudFormation with aws-sam-translator.

Usage: translate.py IN OUT [IN OUT ...]. Managed policy names are not
looked up (the templates use none), so no AWS call is made.
"""
import json
import sys

from samtranslator.translator.transform import transform


class NoManagedPolicies:
    def load(self):
        return {}


def main(args):
    failed = False
    for src, dst in zip(args[0::2], args[1::2]):
        with open(src) as f:
            template = json.load(f)
        try:
            out = transform(template, {}, NoManagedPolicies())
        except Exception as e:  # report every template, then fail
            print(f"{src}: {e}", file=sys.stderr)
            failed = True
            continue
        with open(dst, "w") as f:
            json.dump(out, f, indent=2, sort_keys=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
