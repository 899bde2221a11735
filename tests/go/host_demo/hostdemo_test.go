// End-to-end tests of the generated host_demo package over libhost_demo.so:
// procs that await host functions implemented in Go.
package hostdemo

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestGreetAsksTheHost(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetLookupUser(func(args LookupUserArgs) (UserInfo, error) {
		return UserInfo{Name: "ada", Roles: []string{"admin"}, Quota: nil}, nil
	})
	c.SetFetchToken(func(args FetchTokenArgs) (string, error) { return "tok-" + args.Key, nil })
	g, err := c.Greet(LookupRequest{UserID: 7, WithToken: true})
	if err != nil || g.Text != "hello, ada" || g.Token == nil || *g.Token != "tok-ada" || g.User.Roles[0] != "admin" {
		t.Fatalf("Greet = %+v, %v", g, err)
	}
	if n, err := c.TokenLength("abc"); err != nil || n != 7 {
		t.Fatalf("TokenLength = %d, %v", n, err)
	}
}

func TestHostErrorsBecomeEventsAndErrors(t *testing.T) {
	c, _ := New()
	defer c.Close()
	failures := make(chan HostFailedEvent, 1)
	c.OnHostFailed(func(ev HostFailedEvent) { failures <- ev })
	c.SetLookupUser(func(LookupUserArgs) (UserInfo, error) { return UserInfo{}, errors.New("no such user") })
	_, err := c.Greet(LookupRequest{UserID: 1})
	if err == nil || !strings.Contains(err.Error(), "no such user") {
		t.Fatalf("Greet = %v", err)
	}
	select {
	case ev := <-failures:
		if ev.Name != "lookup_user" || !strings.Contains(ev.Error, "no such user") {
			t.Fatalf("event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no host_failed event")
	}
}

func TestUnsetHostFunctionFails(t *testing.T) {
	c, _ := New()
	defer c.Close()
	if _, err := c.TokenLength("k"); err == nil {
		t.Fatal("a call needing an unset host fn succeeded")
	}
}

func TestVoidHostFunctionAndConcurrency(t *testing.T) {
	c, _ := New()
	defer c.Close()
	var acks atomic.Int32
	c.SetAcknowledge(func(args AcknowledgeArgs) error {
		if args.Level != 1 {
			return errors.New("bad level")
		}
		acks.Add(1)
		return nil
	})
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if err := c.Notify("hi"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if acks.Load() != 800 {
		t.Fatalf("%d acknowledgements, want 800", acks.Load())
	}
}

func TestHostAnswersAfterClose(t *testing.T) {
	c, _ := New()
	release := make(chan struct{})
	done := make(chan struct{})
	c.SetFetchToken(func(FetchTokenArgs) (string, error) {
		<-release
		defer close(done)
		return "late", nil
	})
	result := make(chan error, 1)
	go func() { _, err := c.TokenLength("k"); result <- err }()
	time.Sleep(20 * time.Millisecond)
	c.Close() // fails the pending call; the host answers into a gone context
	if err := <-result; err == nil {
		t.Fatal("call survived Close")
	}
	close(release)
	<-done
}

// NewWith sets host functions and listeners before the constructor runs;
// an error from setup closes the client and comes back from NewWith.
func TestNewWithSetsUpBeforeTheConstructor(t *testing.T) {
	var failures atomic.Int32
	c, err := NewWith(func(c *Client) error {
		if err := c.SetLookupUser(func(args LookupUserArgs) (UserInfo, error) {
			return UserInfo{Name: "early"}, nil
		}); err != nil {
			return err
		}
		c.OnHostFailed(func(HostFailedEvent) { failures.Add(1) })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if g, err := c.Greet(LookupRequest{UserID: 1}); err != nil || g.Text != "hello, early" {
		t.Fatalf("Greet = %+v, %v", g, err)
	}
	if _, err := c.Greet(LookupRequest{UserID: 1, WithToken: true}); err == nil {
		t.Fatal("Greet without a fetch_token host function succeeded")
	}
	deadline := time.Now().Add(5 * time.Second)
	for failures.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if failures.Load() != 1 {
		t.Fatalf("%d host_failed events, want 1", failures.Load())
	}
	want := errors.New("setup refused")
	if _, err := NewWith(func(*Client) error { return want }); err != want {
		t.Fatalf("NewWith with a failing setup: %v", err)
	}
}
