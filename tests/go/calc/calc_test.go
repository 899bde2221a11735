// The static procs of a library with no ctor (no Client at all), from
// several goroutines: results, failures and a cancelled wait.
package calc

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
)

func TestStaticProcsNeedNoClient(t *testing.T) {
	if got, err := Add(40, 2); err != nil || got != 42 {
		t.Fatalf("Add: %v, %v", got, err)
	}
	if got, err := Reduce(Ratio{Num: 6, Den: -4}); err != nil || got != (Ratio{Num: -3, Den: 2}) {
		t.Fatalf("Reduce: %+v, %v", got, err)
	}
}

func TestAHandlersFailureIsAnError(t *testing.T) {
	_, err := Add(math.MaxInt64, 1)
	var e *Error
	if !errors.As(err, &e) || e.Message != "integer overflow" {
		t.Fatalf("Add overflow: %v", err)
	}
	if _, err := Reduce(Ratio{Num: 1}); err == nil {
		t.Fatal("Reduce by zero succeeded")
	}
}

func TestStaticProcsFromManyGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int64) {
			defer wg.Done()
			for i := int64(0); i < 200; i++ {
				if got, err := Add(g, i); err != nil || got != g+i {
					t.Errorf("Add(%d, %d) = %d, %v", g, i, got, err)
					return
				}
			}
		}(int64(g))
	}
	wg.Wait()
}

func TestADoneContextGivesItsErrorOrTheAnswer(t *testing.T) {
	// The call is not cancelled, only the wait; an instant call may have
	// answered before the wait looks at ctx, so both outcomes are right.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := 0; i < 100; i++ {
		got, err := AddContext(ctx, 1, 2)
		if !errors.Is(err, context.Canceled) && (err != nil || got != 3) {
			t.Fatalf("AddContext on a done context: %v, %v", got, err)
		}
	}
}
