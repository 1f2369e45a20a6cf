package policy

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// WriteExplain prints why each action is in a policy: the action, what it
// is scoped to, and every call that needs it with the chain of functions
// leading there. File names are shown relative to dir when inside it. This
// is the output of `chalicegen gen-policy --explain`.
//
//	s3:PutObject  arn:aws:s3:::my-bucket/*
//	    app.go:17:13  (*s3.Client).PutObject  arn:aws:s3:::my-bucket/*
//	        main.Upload -> main.store
func WriteExplain(w io.Writer, uses []ActionUse, dir string) error {
	if len(uses) == 0 {
		_, err := fmt.Fprintln(w, "no AWS calls found: the policy holds only the CloudWatch Logs (and VPC) permissions")
		return err
	}
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
	}
	for _, u := range uses {
		if _, err := fmt.Fprintf(w, "%s  %s\n", u.Action, strings.Join(u.Resources, " ")); err != nil {
			return err
		}
		for _, s := range u.Sites {
			res := "*"
			if s.Resources != nil {
				res = strings.Join(s.Resources, " ")
			}
			pos := s.Pos
			if dir != "" {
				if rel, err := filepath.Rel(dir, pos.File); err == nil && !strings.HasPrefix(rel, "..") {
					pos.File = rel
				}
			}
			if _, err := fmt.Fprintf(w, "    %s  %s  %s\n", pos, s.Call, res); err != nil {
				return err
			}
			if len(s.Path) > 0 {
				if _, err := fmt.Fprintf(w, "        %s\n", strings.Join(s.Path, " -> ")); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// ActionDiff returns the actions newDoc allows that oldDoc does not
// (added) and the reverse (removed), each sorted: what `deploy` shows
// before it updates a role's policy.
func ActionDiff(oldDoc, newDoc *Document) (added, removed []string) {
	var o, n []string
	if oldDoc != nil {
		o = oldDoc.Actions()
	}
	if newDoc != nil {
		n = newDoc.Actions()
	}
	for _, a := range n {
		if _, found := slices.BinarySearch(o, a); !found {
			added = append(added, a)
		}
	}
	for _, a := range o {
		if _, found := slices.BinarySearch(n, a); !found {
			removed = append(removed, a)
		}
	}
	return added, removed
}
