// End-to-end tests of the generated my_timer package over libmy_timer.so.
package mytimer

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestEchoAndEvent(t *testing.T) {
	c, err := New(TimerConfig{Name: "t1", TickMs: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fired := make(chan EchoFiredEvent, 4)
	unsubscribe := c.OnEchoFired(func(ev EchoFiredEvent) { fired <- ev })
	defer unsubscribe()
	req := EchoRequest{Message: "ping", DelayMs: 5, Tags: []string{"a"}, Payload: []byte{1}, Level: LevelHigh}
	got, err := c.Echo(req)
	if err != nil || got.Message != "ping" || got.TimerName != "t1" || got.ElapsedMs < 4 {
		t.Fatalf("Echo = %+v, %v", got, err)
	}
	select {
	case ev := <-fired:
		if ev.Message != "ping" || ev.Count != 1 {
			t.Fatalf("event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no echo_fired event")
	}
	if v, err := c.Version(); err != nil || v != LibraryVersion {
		t.Fatalf("Version = %q, %v", v, err)
	}
	if err := c.Sleep(1); err != nil {
		t.Fatal(err)
	}
	if LevelHigh != 5 || MAX_PEERS != 42 || GREETING != "hello" {
		t.Fatal("constants and enum values differ from the schema")
	}
}

func TestConstructorError(t *testing.T) {
	var libErr *Error
	if _, err := New(TimerConfig{}); !errors.As(err, &libErr) {
		t.Fatalf("New with empty name: %v", err)
	}
}

func TestStaticParse(t *testing.T) {
	got, err := Parse("hello;250")
	want := EchoRequest{Message: "hello", DelayMs: 250}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse = %+v, %v", got, err)
	}
	if _, err := ParseContext(context.Background(), "no separator"); err == nil {
		t.Fatal("Parse accepted bad input")
	}
}

func TestSlowCallWithDeadline(t *testing.T) {
	c, _ := New(TimerConfig{Name: "slow"})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := c.EchoContext(ctx, EchoRequest{DelayMs: 500})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
}
