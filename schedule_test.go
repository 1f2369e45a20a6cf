package chalice

import (
	"strings"
	"testing"
)

func TestRate(t *testing.T) {
	for _, c := range []struct {
		n    int
		unit RateUnit
		want string
	}{
		{5, Minutes, "rate(5 minutes)"},
		{1, Minutes, "rate(1 minute)"},
		{1, Hours, "rate(1 hour)"},
		{2, Hours, "rate(2 hours)"},
		{1, Days, "rate(1 day)"},
		{30, Days, "rate(30 days)"},
	} {
		got := Rate(c.n, c.unit)
		if got != c.want {
			t.Errorf("Rate(%d, %v) = %q, want %q", c.n, c.unit, got, c.want)
		}
		if err := ValidateSchedule(got); err != nil {
			t.Errorf("Rate output %q does not validate: %v", got, err)
		}
	}
}

func TestCron(t *testing.T) {
	for _, c := range []struct {
		f    [6]string
		want string
	}{
		{[6]string{"15", "10", "?", "*", "6L", "2002-2005"}, "cron(15 10 ? * 6L 2002-2005)"},
		{[6]string{"0", "10", "*", "*", "?", "*"}, "cron(0 10 * * ? *)"},
		{[6]string{"15", "12", "*", "*", "?", "*"}, "cron(15 12 * * ? *)"},
		{[6]string{"0", "18", "?", "*", "MON-FRI", "*"}, "cron(0 18 ? * MON-FRI *)"},
		{[6]string{"0", "8", "1", "*", "?", "*"}, "cron(0 8 1 * ? *)"},
		{[6]string{"0/15", "*", "*", "*", "?", "*"}, "cron(0/15 * * * ? *)"},
		{[6]string{"0/10", "*", "?", "*", "MON-FRI", "*"}, "cron(0/10 * ? * MON-FRI *)"},
		{[6]string{"0/5", "8-17", "?", "*", "MON-FRI", "*"}, "cron(0/5 8-17 ? * MON-FRI *)"},
	} {
		got := Cron(c.f[0], c.f[1], c.f[2], c.f[3], c.f[4], c.f[5])
		if got != c.want {
			t.Errorf("Cron(%q) = %q, want %q", c.f, got, c.want)
		}
		if err := ValidateSchedule(got); err != nil {
			t.Errorf("Cron output %q does not validate: %v", got, err)
		}
	}
}

func TestValidateSchedule(t *testing.T) {
	valid := []string{
		"rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)",
		"rate( 5 minutes )",
		"cron(0 10 * * ? *)",
		"cron(15 10 ? * 6L 2002-2005)",
		"cron(0 18 ? * MON-FRI *)",
		"cron(0 8 1 * ? *)",
		"cron(0/15 * * * ? *)",
		"cron(*/5 * * * ? *)",
		"cron(0 12 L * ? *)",
		"cron(0 12 LW * ? *)",
		"cron(0 12 15W * ? *)",
		"cron(0 12 ? * 2#1 *)",
		"cron(0 12 ? * MON#3 *)",
		"cron(0 12 ? * L *)",
		"cron(0,15,30,45 * ? * SUN,SAT *)",
		"cron(0 0 1 JAN-MAR ? 2030)",
		"cron(0 0 1 jan ? *)",
		"cron(5-10/2 1-5 ? 1/3 1-7 1970-2199)",
	}
	for _, s := range valid {
		if err := ValidateSchedule(s); err != nil {
			t.Errorf("ValidateSchedule(%q) = %v, want nil", s, err)
		}
	}
	invalid := map[string]string{
		"":                                   "want rate(N unit) or cron",
		"every hour":                         "want rate(N unit) or cron",
		"rate(1 minutes)":                    `singular unit "minute"`,
		"rate(5 minute)":                     `plural unit "minutes"`,
		"rate(0 minutes)":                    "not a positive integer",
		"rate(-1 minutes)":                   "not a positive integer",
		"rate(+2 minutes)":                   "not a positive integer",
		"rate(1.5 hours)":                    "not a positive integer",
		"rate(5 weeks)":                      "unknown unit",
		"rate(5)":                            "rate(N unit)",
		"rate(5 minutes extra)":              "rate(N unit)",
		"rate(99999999999999999999 minutes)": "not a positive integer",
		"Rate(5 minutes)":                    "want rate(N unit) or cron",
		"cron(0 10 * * ?)":                   "6 fields",
		"cron(0 10 * * ? * *)":               "6 fields",
		"cron(0 10 * * * *)":                 "exactly one of day-of-month and day-of-week",
		"cron(0 10 ? * ? *)":                 "exactly one of day-of-month and day-of-week",
		"cron(60 10 * * ? *)":                "minutes field",
		"cron(0 24 * * ? *)":                 "hours field",
		"cron(0 10 32 * ? *)":                "day-of-month field",
		"cron(0 10 0 * ? *)":                 "day-of-month field",
		"cron(0 10 * 13 ? *)":                "month field",
		"cron(0 10 ? * 8 *)":                 "day-of-week field",
		"cron(0 10 ? * FUN *)":               "day-of-week field",
		"cron(0 10 * * ? 1969)":              "year field",
		"cron(0 10 * * ? 2200)":              "year field",
		"cron(? 10 * * ? *)":                 "? is only allowed",
		"cron(0/0 10 * * ? *)":               "step",
		"cron(0/61 10 * * ? *)":              "step",
		"cron(0 10 ? * 2#6 *)":               "week number",
		"cron(0 10 L * L *)":                 "exactly one",
		"cron(0 10 * * ? 2020-)":             "missing value",
		"cron(0,,1 10 * * ? *)":              "empty list element",
		"cron(0 10 1W * ? MON)":              "year field",
		"cron(0 10 5L * ? *)":                "day-of-month field",
		"cron(0 10 ? * 15W *)":               "day-of-week field",
	}
	for s, want := range invalid {
		err := ValidateSchedule(s)
		if err == nil {
			t.Errorf("ValidateSchedule(%q) = nil, want an error containing %q", s, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateSchedule(%q) = %q, want it to contain %q", s, err, want)
		}
	}
}
