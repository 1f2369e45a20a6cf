package analyzer

import (
	"fmt"
	"strconv"
	"strings"
)

// checkSchedule validates a schedule expression as CloudWatch Events
// accepts it. It returns the byte offset of the problem and a message, or
// "" when the expression is valid.
//
//   - rate(N unit): N a positive integer, unit minute/hour/day, singular
//     for 1 and plural otherwise;
//   - cron(minutes hours day-of-month month day-of-week year): six fields;
//     exactly one of day-of-month and day-of-week is "?".
func checkSchedule(expr string) (int, string) {
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		return checkRate(expr[len("rate("):len(expr)-1], len("rate("))
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		return checkCron(expr[len("cron("):len(expr)-1], len("cron("))
	}
	return 0, fmt.Sprintf("schedule %q must be rate(N unit), e.g. rate(5 minutes), or cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 10 * * ? *)", expr)
}

// field is one whitespace-separated word and its offset.
type field struct {
	s   string
	off int
}

func fields(s string, base int) []field {
	var out []field
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		if j > i {
			out = append(out, field{s[i:j], base + i})
		}
		i = j
	}
	return out
}

func checkRate(body string, base int) (int, string) {
	f := fields(body, base)
	if len(f) != 2 {
		return base, "a rate is rate(N unit), e.g. rate(5 minutes) or rate(1 hour)"
	}
	n, err := strconv.Atoi(f[0].s)
	if err != nil || n <= 0 || f[0].s[0] == '+' {
		return f[0].off, fmt.Sprintf("rate value %q must be a positive integer", f[0].s)
	}
	unit := f[1].s
	singular := strings.TrimSuffix(unit, "s")
	if singular != "minute" && singular != "hour" && singular != "day" {
		return f[1].off, fmt.Sprintf("rate unit %q must be minute(s), hour(s) or day(s)", unit)
	}
	plural := unit != singular
	if n == 1 && plural {
		return f[1].off, fmt.Sprintf("rate(1 %s) takes the singular unit: rate(1 %s)", unit, singular)
	}
	if n > 1 && !plural {
		return f[1].off, fmt.Sprintf("rate(%d %s) takes the plural unit: rate(%d %ss)", n, unit, n, unit)
	}
	return 0, ""
}

// cronField is the range and extras of one cron field.
type cronField struct {
	name     string
	lo, hi   int
	names    []string // names for lo, lo+1, ...
	question bool
	dom, dow bool // L/W and L/# forms
}

var cronFields = []cronField{
	{name: "minutes", lo: 0, hi: 59},
	{name: "hours", lo: 0, hi: 23},
	{name: "day-of-month", lo: 1, hi: 31, question: true, dom: true},
	{name: "month", lo: 1, hi: 12, names: strings.Fields("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC")},
	{name: "day-of-week", lo: 1, hi: 7, names: strings.Fields("SUN MON TUE WED THU FRI SAT"), question: true, dow: true},
	{name: "year", lo: 1970, hi: 2199},
}

func checkCron(body string, base int) (int, string) {
	f := fields(body, base)
	if len(f) != 6 {
		return base, fmt.Sprintf("a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has %d", len(f))
	}
	for i, def := range cronFields {
		if msg := def.check(f[i].s); msg != "" {
			return f[i].off, fmt.Sprintf("cron %s field %q: %s", def.name, f[i].s, msg)
		}
	}
	if (f[2].s == "?") == (f[4].s == "?") {
		return f[2].off, "exactly one of day-of-month and day-of-week must be ? (cron(0 10 * * ? *) or cron(0 10 ? * MON *))"
	}
	return 0, ""
}

func (d cronField) check(s string) string {
	if s == "?" {
		if !d.question {
			return "? is only allowed in day-of-month and day-of-week"
		}
		return ""
	}
	for _, item := range strings.Split(s, ",") {
		if msg := d.item(strings.ToUpper(item)); msg != "" {
			return msg
		}
	}
	return ""
}

func (d cronField) item(u string) string {
	if u == "" {
		return "empty list item"
	}
	if d.dom {
		switch {
		case u == "L" || u == "LW":
			return ""
		case strings.HasSuffix(u, "W"):
			return d.value(u[:len(u)-1])
		}
	}
	if d.dow {
		if u == "L" {
			return ""
		}
		if day, nth, ok := strings.Cut(u, "#"); ok {
			if msg := d.value(day); msg != "" {
				return msg
			}
			if k, err := strconv.Atoi(nth); err != nil || k < 1 || k > 5 {
				return "the week number after # must be 1-5"
			}
			return ""
		}
		if strings.HasSuffix(u, "L") {
			return d.value(u[:len(u)-1])
		}
	}
	rng, step, hasStep := strings.Cut(u, "/")
	if hasStep {
		if n, err := strconv.Atoi(step); err != nil || n < 1 || n > d.hi-d.lo+1 {
			return fmt.Sprintf("the step after / must be an integer from 1 to %d", d.hi-d.lo+1)
		}
	}
	if rng == "*" {
		return ""
	}
	lo, hi, isRange := strings.Cut(rng, "-")
	if msg := d.value(lo); msg != "" {
		return msg
	}
	if isRange {
		return d.value(hi)
	}
	return ""
}

func (d cronField) value(s string) string {
	for _, n := range d.names {
		if s == n {
			return ""
		}
	}
	if s == "" {
		return "missing value"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Sprintf("%q is not a valid value", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < d.lo || n > d.hi {
		return fmt.Sprintf("%s is out of range %d-%d", s, d.lo, d.hi)
	}
	return ""
}
