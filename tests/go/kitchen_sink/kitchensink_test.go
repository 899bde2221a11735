// End-to-end tests of the generated Go package over the real
// libkitchen_sink.so: every proc, both directions of every type, events,
// host functions, statics, errors, concurrency and Close. Copied into the
// generated package (package-internal, to read the live-handle count).
package kitchensink

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newClient(t *testing.T) *Client {
	t.Helper()
	c, err := New(SinkConfig{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func ptr[T any](v T) *T { return &v }

func sampleInner(label string) Inner {
	return Inner{Label: label, Data: []byte{0, 1, 255}, Score: ptr(0.25), Status: StatusRetry}
}

func sampleOuter() Outer {
	in := sampleInner("first")
	mid := Middle{
		Inner:      in,
		Inners:     []Inner{sampleInner("a"), {Label: "b", Status: StatusUnknown}},
		MaybeInner: ptr(sampleInner("maybe")),
		ByName:     map[string]Inner{"x": in, "": {Label: "empty key"}},
	}
	return Outer{
		Middle:     mid,
		Middles:    []Middle{mid, {}},
		Groups:     map[string][]int32{"primes": {2, 3, 5}, "none": nil},
		Codes:      map[uint32]string{0: "zero", math.MaxUint32: "max"},
		Matrix:     [][]float64{{1, 2}, nil, {math.Inf(-1)}},
		Colors:     []Color{ColorRed, ColorBlue},
		MaybeText:  ptr("snow \u2603"),
		MaybeBytes: ptr([]byte{9}),
		MaybeList:  ptr([]string{"p", "q"}),
		Blobs:      [][]byte{{1}, {2, 3}},
	}
}

func TestScalarsRoundTripAtTheLimits(t *testing.T) {
	c := newClient(t)
	for _, s := range []Scalars{
		{},
		{B: true, I8: math.MinInt8, I16: math.MinInt16, I32: math.MinInt32, I64: math.MinInt64,
			U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64,
			F32: math.MaxFloat32, F64: -math.SmallestNonzeroFloat64, Color: ColorBlue},
	} {
		got, err := c.EchoScalars(s)
		if err != nil || got != s {
			t.Fatalf("EchoScalars(%+v) = %+v, %v", s, got, err)
		}
	}
}

func TestNestedStructuresRoundTrip(t *testing.T) {
	c := newClient(t)
	want := sampleOuter()
	got, err := c.EchoOuter(want)
	if err != nil {
		t.Fatal(err)
	}
	// Empty lists come back nil (the zero value); compare after normalising.
	want.Groups["none"] = nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("EchoOuter:\n got %+v\nwant %+v", got, want)
	}
	zero, err := c.EchoOuter(Outer{})
	if err != nil || !reflect.DeepEqual(zero, Outer{}) {
		t.Fatalf("zero Outer came back as %+v, %v", zero, err)
	}
}

func TestRecursiveTree(t *testing.T) {
	c := newClient(t)
	tree := TreeNode{Name: "root"}
	node := &tree
	for i := 0; i < 50; i++ { // deep, not just wide
		node.Children = []TreeNode{{Name: strings.Repeat("n", i)}}
		node = &node.Children[0]
	}
	got, err := c.EchoTree(tree)
	if err != nil || !reflect.DeepEqual(got, tree) {
		t.Fatalf("EchoTree mismatch: %v", err)
	}
}

func TestTopLevelContainersAndOptionals(t *testing.T) {
	c := newClient(t)
	if got, err := c.EchoString("héllo"); err != nil || got != "héllo" {
		t.Fatalf("EchoString = %q, %v", got, err)
	}
	if got, err := c.EchoString(""); err != nil || got != "" {
		t.Fatalf("EchoString(\"\") = %q, %v", got, err)
	}
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if got, err := c.EchoBytes(big); err != nil || !reflect.DeepEqual(got, big) {
		t.Fatalf("EchoBytes(1 MiB) mismatch: %v", err)
	}
	if got, err := c.EchoBytes(nil); err != nil || got != nil {
		t.Fatalf("EchoBytes(nil) = %v, %v", got, err)
	}
	list := []int64{math.MinInt64, 0, math.MaxInt64}
	if got, err := c.EchoList(list); err != nil || !reflect.DeepEqual(got, list) {
		t.Fatalf("EchoList = %v, %v", got, err)
	}
	m := map[string][]string{"a": {"1", "2"}, "b": {"3"}}
	if got, err := c.EchoMap(m); err != nil || !reflect.DeepEqual(got, m) {
		t.Fatalf("EchoMap = %v, %v", got, err)
	}
	if got, err := c.EchoOptional(nil); err != nil || got != nil {
		t.Fatalf("EchoOptional(nil) = %v, %v", got, err)
	}
	in := sampleInner("opt")
	if got, err := c.EchoOptional(&in); err != nil || !reflect.DeepEqual(*got, in) {
		t.Fatalf("EchoOptional = %+v, %v", got, err)
	}
	if got, err := c.EchoEnum(StatusFailed); err != nil || got != StatusFailed || got.String() != "failed" {
		t.Fatalf("EchoEnum = %v, %v", got, err)
	}
	if Status(99).String() != "Status(99)" {
		t.Fatalf("unknown enumerator prints as %q", Status(99).String())
	}
}

func TestSeveralParameters(t *testing.T) {
	c := newClient(t)
	d := sampleInner("d")
	got, err := c.Combine(7, ptr("b"), []Color{ColorGreen, ColorRed}, d)
	if err != nil {
		t.Fatal(err)
	}
	if got.Inner.Label != "d:7:b:2" || len(got.Inners) != 2 || got.ByName["b"].Label != "d" {
		t.Fatalf("Combine = %+v", got)
	}
	got, err = c.Combine(1, nil, nil, Inner{})
	if err != nil || got.Inner.Label != ":1:-:0" {
		t.Fatalf("Combine with nil optional = %+v, %v", got, err)
	}
}

func TestErrorsAndVoid(t *testing.T) {
	c := newClient(t)
	_, err := c.Fail("on purpose")
	var libErr *Error
	if !errors.As(err, &libErr) || libErr.Message != "on purpose" {
		t.Fatalf("Fail: %v", err)
	}
	if err := c.Nothing(); err != nil {
		t.Fatalf("Nothing: %v", err)
	}
	if got, err := c.NativeOnly(41); err != nil || got != 42 {
		t.Fatalf("NativeOnly = %v, %v", got, err)
	}
}

func TestConstructorFailure(t *testing.T) {
	c, err := New(SinkConfig{Fail: true})
	var libErr *Error
	if c != nil || !errors.As(err, &libErr) || !strings.HasSuffix(libErr.Message, "asked to fail") {
		t.Fatalf("New(fail) = %v, %v", c, err)
	}
}

func TestStaticProc(t *testing.T) {
	if got, err := Add(40, 2); err != nil || got != 42 {
		t.Fatalf("Add = %v, %v", got, err)
	}
	if got, err := AddContext(context.Background(), math.MaxInt64, 0); err != nil || got != math.MaxInt64 {
		t.Fatalf("AddContext = %v, %v", got, err)
	}
}

func TestConstants(t *testing.T) {
	if HUGE != math.MinInt64 || BIG != math.MaxUint64 || BANNER != "kitchen\t\"sink\" \u2603" || !FLAG || PI != math.Pi {
		t.Fatal("constants differ from the schema")
	}
}

func TestEventsArriveInOrderPerClient(t *testing.T) {
	a, b := newClient(t), newClient(t)
	var mu sync.Mutex
	var seenA, seenB []uint64
	unsubA := a.OnScalarsSeen(func(ev ScalarsSeenEvent) {
		mu.Lock()
		seenA = append(seenA, ev.Count)
		mu.Unlock()
	})
	b.OnScalarsSeen(func(ev ScalarsSeenEvent) {
		mu.Lock()
		seenB = append(seenB, ev.Count)
		mu.Unlock()
	})
	for i := 0; i < 100; i++ {
		if _, err := a.EchoScalars(Scalars{I32: int32(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.EchoScalars(Scalars{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(seenA) == 100 && len(seenB) == 1 })
	mu.Lock()
	for i, n := range seenA {
		if n != uint64(i+1) {
			t.Fatalf("event %d has count %d: out of order", i, n)
		}
	}
	mu.Unlock()
	unsubA()
	unsubA() // idempotent
	if _, err := a.EchoScalars(Scalars{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(seenA) != 100 {
		t.Fatalf("listener ran after unsubscribe: %d events", len(seenA))
	}
}

func TestHostFunction(t *testing.T) {
	c := newClient(t)
	if err := c.SetTransform(func(args TransformArgs) (Outer, error) {
		out := args.Value
		out.MaybeText = ptr("from the host")
		return out, nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := c.TransformOuter(sampleOuter())
	if err != nil || got.MaybeText == nil || *got.MaybeText != "from the host" || got.Middle.Inner.Label != "first" {
		t.Fatalf("TransformOuter = %+v, %v", got, err)
	}
	c.SetTransform(func(TransformArgs) (Outer, error) { return Outer{}, errors.New("host says no") })
	if _, err := c.TransformOuter(Outer{}); err == nil || !strings.Contains(err.Error(), "host says no") {
		t.Fatalf("host error not propagated: %v", err)
	}
	c.SetTransform(func(TransformArgs) (Outer, error) { panic("boom") })
	if _, err := c.TransformOuter(Outer{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("host panic not turned into an error: %v", err)
	}
}

func TestNoHandleLeakOverManyHostCalls(t *testing.T) {
	c := newClient(t)
	c.SetTransform(func(args TransformArgs) (Outer, error) { return args.Value, nil })
	before := ffidlLiveHandles.Load()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1250; i++ {
				if _, err := c.TransformOuter(Outer{Codes: map[uint32]string{uint32(i): "x"}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if after := ffidlLiveHandles.Load(); after != before {
		t.Fatalf("live cgo handles: %d before 10k host calls, %d after", before, after)
	}
}

func TestManyGoroutinesOneClient(t *testing.T) {
	c := newClient(t)
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				s := strings.Repeat("x", g) + string(rune('a'+i%26))
				if got, err := c.EchoString(s); err != nil || got != s {
					t.Errorf("EchoString(%q) = %q, %v", s, got, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestContextStopsWaiting(t *testing.T) {
	c := newClient(t)
	block := make(chan struct{})
	c.SetTransform(func(args TransformArgs) (Outer, error) {
		<-block
		return args.Value, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.TransformOuterContext(ctx, Outer{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	close(block) // the late answer is dropped without harm
	if got, err := c.EchoString("still fine"); err != nil || got != "still fine" {
		t.Fatalf("client unusable after a cancelled wait: %v", err)
	}
}

func TestCloseWithCallsInFlight(t *testing.T) {
	before := ffidlLiveHandles.Load()
	c, err := New(SinkConfig{})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	c.SetTransform(func(args TransformArgs) (Outer, error) {
		<-release
		return args.Value, nil
	})
	c.OnScalarsSeen(func(ScalarsSeenEvent) {})
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.TransformOuter(Outer{}); err != nil {
				failed.Add(1)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait() // every call got an answer: none hangs
	close(release)
	if failed.Load() != 20 {
		t.Fatalf("%d of 20 in-flight calls failed on Close", failed.Load())
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := c.EchoString("x"); !errors.Is(err, ErrClosed) {
		t.Fatalf("call after Close: %v", err)
	}
	if err := c.SetTransform(func(TransformArgs) (Outer, error) { return Outer{}, nil }); !errors.Is(err, ErrClosed) {
		t.Fatalf("SetTransform after Close: %v", err)
	}
	c.OnScalarsSeen(func(ScalarsSeenEvent) {})() // a no-op unsubscribe
	if after := ffidlLiveHandles.Load(); after != before {
		t.Fatalf("live cgo handles: %d before, %d after Close", before, after)
	}
}

func TestManyClientsComeAndGo(t *testing.T) {
	start := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		c, err := New(SinkConfig{})
		if err != nil {
			t.Fatal(err)
		}
		c.OnScalarsSeen(func(ScalarsSeenEvent) {})
		if _, err := c.EchoScalars(Scalars{}); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	waitFor(t, func() bool { return runtime.NumGoroutine() <= start+2 })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10s")
		}
		time.Sleep(time.Millisecond)
	}
}

// Arguments that cannot cross are refused before the call with the reason:
// a NUL byte (a C string would end there) and what the library refuses
// (text that is not UTF-8, an unknown enum value), with the value's path.
// No handle leaks for a refused call.
func TestRefusedArgumentsSayWhy(t *testing.T) {
	c := newClient(t)
	before := ffidlLiveHandles.Load()
	if _, err := c.EchoString("abc\x00def"); err == nil || !strings.Contains(err.Error(), "NUL byte") {
		t.Fatalf("embedded NUL: %v", err)
	}
	if _, err := c.EchoString("ab\xff"); err == nil ||
		!strings.Contains(err.Error(), "kitchen_sink_echo_string: value: text is not valid UTF-8") {
		t.Fatalf("invalid UTF-8: %v", err)
	}
	if _, err := c.EchoEnum(Status(7)); err == nil ||
		!strings.Contains(err.Error(), "value: 7 is not a value of enum Status") {
		t.Fatalf("unknown enum value: %v", err)
	}
	if _, err := c.EchoString("fine"); err != nil {
		t.Fatal(err)
	}
	if after := ffidlLiveHandles.Load(); after != before {
		t.Fatalf("live cgo handles: %d before, %d after", before, after)
	}
}

// The client's own event queue has the library's bound: behind a blocked
// listener, events beyond ffidlQueueLimit are dropped and counted.
func TestEventQueueIsBounded(t *testing.T) {
	q := ffidlNewQueue()
	defer close(q.stop)
	entered, release := make(chan struct{}), make(chan struct{})
	q.push(func() { close(entered); <-release })
	<-entered // the queue's goroutine is now busy
	for i := 0; i < ffidlQueueLimit+5; i++ {
		q.push(func() {})
	}
	// The blocked event counts: ffidlQueueLimit-1 more fit.
	if got := q.dropped.Load(); got != 6 {
		t.Fatalf("dropped %d events, want 6", got)
	}
	close(release)
	c := newClient(t)
	if got := c.DroppedEvents(); got != 0 {
		t.Fatalf("a fresh client reports %d dropped events", got)
	}
}

// Events a drain has taken but not run count against the bound: behind a
// listener blocked on the first of a batch of 100, only ffidlQueueLimit-100
// more are taken (the batch used to be uncounted, doubling the bound).
func TestEventQueueCountsTheBatchADrainHolds(t *testing.T) {
	q := ffidlNewQueue()
	defer close(q.stop)
	entered, release := make(chan struct{}), make(chan struct{})
	q.mu.Lock() // the batch forms before the queue's goroutine looks
	q.items = append(q.items, func() { close(entered); <-release })
	for i := 1; i < 100; i++ {
		q.items = append(q.items, func() {})
	}
	q.held = len(q.items)
	q.mu.Unlock()
	q.wake <- struct{}{}
	<-entered // the drain holds all 100 and is blocked in the first
	for i := 0; i < ffidlQueueLimit; i++ {
		q.push(func() {})
	}
	if got := q.dropped.Load(); got != 100 {
		t.Fatalf("dropped %d events, want 100", got)
	}
	close(release)
	for i := 0; i < 1000; i++ {
		q.mu.Lock()
		held := q.held
		q.mu.Unlock()
		if held == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the queue did not drain")
}

// Unsubscribe and Close racing on different goroutines while events flow:
// no listener runs after its unsubscribe returned, no handle is misused.
func TestUnsubscribeAndCloseRacing(t *testing.T) {
	for round := 0; round < 20; round++ {
		c, err := New(SinkConfig{})
		if err != nil {
			t.Fatal(err)
		}
		var gone atomic.Bool
		var afterUnsubscribe atomic.Int32
		unsubscribe := c.OnScalarsSeen(func(ScalarsSeenEvent) {
			if gone.Load() {
				afterUnsubscribe.Add(1)
			}
		})
		for i := 0; i < 50; i++ {
			go c.EchoScalars(Scalars{})
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); c.Close() }()
		go func() { defer wg.Done(); unsubscribe(); gone.Store(true) }()
		wg.Wait()
		time.Sleep(time.Millisecond)
		if n := afterUnsubscribe.Load(); n != 0 {
			t.Fatalf("round %d: %d listener calls after unsubscribe", round, n)
		}
	}
}
