// End-to-end tests of the generated echo package over libecho.so.
package echo

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestSayReverseCount(t *testing.T) {
	c, err := New(EchoConfig{Prefix: "> "})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, err := c.Say("hi"); err != nil || got != "> hi" {
		t.Fatalf("Say = %q, %v", got, err)
	}
	if got, err := c.Reverse([]byte{1, 2, 3}); err != nil || string(got) != "\x03\x02\x01" {
		t.Fatalf("Reverse = %v, %v", got, err)
	}
	if n, err := c.Count(); err != nil || n != 3 { // count counts itself
		t.Fatalf("Count = %d, %v", n, err)
	}
}

func TestConstructorRejectsLongPrefix(t *testing.T) {
	_, err := New(EchoConfig{Prefix: strings.Repeat("x", 65)})
	var libErr *Error
	if !errors.As(err, &libErr) || !strings.Contains(libErr.Message, "longer than 64") {
		t.Fatalf("New = %v", err)
	}
}

func TestStaticShout(t *testing.T) {
	if got, err := Shout("quiet"); err != nil || got != "QUIET" {
		t.Fatalf("Shout = %q, %v", got, err)
	}
}

func TestTwoClientsKeepTheirOwnState(t *testing.T) {
	a, _ := New(EchoConfig{Prefix: "a:"})
	b, _ := New(EchoConfig{Prefix: "b:"})
	defer a.Close()
	defer b.Close()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); a.Say("x") }()
		go func() { defer wg.Done(); b.Say("y") }()
	}
	wg.Wait()
	na, _ := a.Count()
	nb, _ := b.Count()
	if na != 9 || nb != 9 {
		t.Fatalf("counts %d and %d, want 9 each", na, nb)
	}
	if got, _ := b.Say("z"); got != "b:z" {
		t.Fatalf("b.Say = %q", got)
	}
}

// Every wait-spin setting answers blocking calls from several goroutines;
// a setting below -1 is refused with the library's reason.
func TestWaitSpinSettings(t *testing.T) {
	c, err := New(EchoConfig{Prefix: ""})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, spin := range []int64{SpinOff, 1, 100000, SpinAuto} {
		if err := c.SetWaitSpin(spin); err != nil {
			t.Fatalf("SetWaitSpin(%d) = %v", spin, err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 100; i++ {
					if got, err := c.Say("x"); err != nil || got != "x" {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("spin %d: Say failed: %v", spin, err)
		}
	}
	err = c.SetWaitSpin(-5)
	var libErr *Error
	if !errors.As(err, &libErr) || !strings.Contains(libErr.Message, "-5 is not a spin setting") {
		t.Fatalf("SetWaitSpin(-5) = %v", err)
	}
}
