package chalice

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// RateUnit is the unit of a Rate schedule.
type RateUnit int

// The units of Rate, as the spec's Rate.MINUTES, Rate.HOURS, Rate.DAYS.
const (
	Minutes RateUnit = iota + 1
	Hours
	Days
)

func (u RateUnit) singular() string {
	switch u {
	case Minutes:
		return "minute"
	case Hours:
		return "hour"
	case Days:
		return "day"
	}
	return "unit(" + strconv.Itoa(int(u)) + ")"
}

// String returns the plural unit name ("minutes", "hours", "days").
func (u RateUnit) String() string { return u.singular() + "s" }

// Rate returns a rate schedule expression: Rate(5, Minutes) is
// "rate(5 minutes)", Rate(1, Hours) is "rate(1 hour)".
func Rate(value int, unit RateUnit) string {
	name := unit.String()
	if value == 1 {
		name = unit.singular()
	}
	return "rate(" + strconv.Itoa(value) + " " + name + ")"
}

// Cron returns a cron schedule expression from its six fields:
// Cron("15", "10", "?", "*", "6L", "2002-2005") is
// "cron(15 10 ? * 6L 2002-2005)". One of dayOfMonth and dayOfWeek must be "?".
func Cron(minutes, hours, dayOfMonth, month, dayOfWeek, year string) string {
	return "cron(" + strings.Join([]string{minutes, hours, dayOfMonth, month, dayOfWeek, year}, " ") + ")"
}

// ValidateSchedule checks a schedule expression as CloudWatch Events
// (EventBridge) accepts it:
//
//   - rate(N unit): N a positive integer; unit minute, hour or day, singular
//     when N is 1 and plural otherwise;
//   - cron(minutes hours day-of-month month day-of-week year): six fields,
//     each a list of values, ranges (a-b), steps (a/n, */n) or *, within
//     0-59, 0-23, 1-31, 1-12 or JAN-DEC, 1-7 or SUN-SAT, 1970-2199; exactly
//     one of day-of-month and day-of-week is ?; L, W (day of month) and
//     L, # (day of week) as AWS documents them.
func ValidateSchedule(expr string) error {
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		return validateRate(expr, expr[len("rate("):len(expr)-1])
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		return validateCron(expr, expr[len("cron("):len(expr)-1])
	}
	return scheduleErr(expr, "want rate(N unit) or cron(minutes hours day-of-month month day-of-week year)")
}

func scheduleErr(expr, format string, args ...any) error {
	return fmt.Errorf("invalid schedule expression %q: %s", expr, fmt.Sprintf(format, args...))
}

func validateRate(expr, body string) error {
	f := strings.Fields(body)
	if len(f) != 2 {
		return scheduleErr(expr, "a rate is rate(N unit), e.g. rate(5 minutes)")
	}
	for _, c := range f[0] {
		if c < '0' || c > '9' {
			return scheduleErr(expr, "the rate value %q is not a positive integer", f[0])
		}
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n <= 0 {
		return scheduleErr(expr, "the rate value %q is not a positive integer", f[0])
	}
	unit := f[1]
	base := strings.TrimSuffix(unit, "s")
	if base != "minute" && base != "hour" && base != "day" {
		return scheduleErr(expr, "unknown unit %q: use minute(s), hour(s) or day(s)", unit)
	}
	plural := unit != base
	if n == 1 && plural {
		return scheduleErr(expr, "a rate of 1 takes the singular unit %q", base)
	}
	if n > 1 && !plural {
		return scheduleErr(expr, "a rate of %d takes the plural unit %q", n, base+"s")
	}
	return nil
}

// cronField describes one field of a cron expression.
type cronField struct {
	name     string
	min, max int
	names    []string // names for min, min+1, ... (months, week days)
	question bool     // ? allowed
	dom      bool     // L, LW, nW allowed
	dow      bool     // L, nL, n#k allowed
}

var cronFields = [6]cronField{
	{name: "minutes", min: 0, max: 59},
	{name: "hours", min: 0, max: 23},
	{name: "day-of-month", min: 1, max: 31, question: true, dom: true},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day-of-week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, question: true, dow: true},
	{name: "year", min: 1970, max: 2199},
}

func validateCron(expr, body string) error {
	f := strings.Fields(body)
	if len(f) != 6 {
		return scheduleErr(expr, "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has %d", len(f))
	}
	for i, def := range cronFields {
		if err := def.check(f[i]); err != nil {
			return scheduleErr(expr, "%s field %q: %v", def.name, f[i], err)
		}
	}
	domQ, dowQ := f[2] == "?", f[4] == "?"
	if domQ == dowQ {
		return scheduleErr(expr, "exactly one of day-of-month and day-of-week must be ?")
	}
	return nil
}

func (d cronField) check(field string) error {
	if field == "?" {
		if !d.question {
			return errors.New("? is only allowed in day-of-month and day-of-week")
		}
		return nil
	}
	for item := range strings.SplitSeq(field, ",") {
		if err := d.checkItem(item); err != nil {
			return err
		}
	}
	return nil
}

func (d cronField) checkItem(item string) error {
	if item == "" {
		return errors.New("empty list element")
	}
	u := strings.ToUpper(item)
	if d.dom {
		switch {
		case u == "L" || u == "LW":
			return nil
		case strings.HasSuffix(u, "W"):
			_, err := d.value(u[:len(u)-1])
			return err
		}
	}
	if d.dow {
		if u == "L" {
			return nil
		}
		if day, nth, ok := strings.Cut(u, "#"); ok {
			if _, err := d.value(day); err != nil {
				return err
			}
			if k, err := strconv.Atoi(nth); err != nil || k < 1 || k > 5 {
				return fmt.Errorf("%q: the week number after # must be 1-5", item)
			}
			return nil
		}
		if strings.HasSuffix(u, "L") {
			_, err := d.value(u[:len(u)-1])
			return err
		}
	}
	rng, step, hasStep := strings.Cut(u, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > d.max-d.min+1 {
			return fmt.Errorf("%q: the step after / must be an integer from 1 to %d", item, d.max-d.min+1)
		}
	}
	if rng == "*" {
		return nil
	}
	lo, hi, isRange := strings.Cut(rng, "-")
	if _, err := d.value(lo); err != nil {
		return err
	}
	if isRange {
		if _, err := d.value(hi); err != nil {
			return err
		}
	}
	return nil
}

// value parses one value of the field: a number in range or a name.
func (d cronField) value(s string) (int, error) {
	for i, n := range d.names {
		if s == n {
			return d.min + i, nil
		}
	}
	if s == "" {
		return 0, errors.New("missing value")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a valid value", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < d.min || n > d.max {
		return 0, fmt.Errorf("%s is out of range %d-%d", s, d.min, d.max)
	}
	return n, nil
}
