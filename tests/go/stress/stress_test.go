// Round trips of every type in every position through the generated Go
// package and the real libstress.so (echo handlers), including the names
// at the length cap, absent optionals, events and a host function. Copied
// into the generated package.
package stress

import (
	"reflect"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func newClient(t *testing.T) *Client {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

type Long = VeryLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongRecord

func sampleLong() Long {
	return Long{
		AnExtremelyLongFieldNameAnExtremelyLongFieldNameAnExtremelyLongFieldNameAnExtremelyLongFieldNameAnExtremely: []*map[string][]Keeper{
			nil,
			ptr(map[string][]Keeper{"a": {{Sync: "x"}}, "empty": nil}),
		},
		Mode: ModeGone,
	}
}

func sampleEverything() Everything {
	return Everything{
		Flag: true, Tiny: -128, ShortInt: -32768, Whole: -7, LongInt: -1 << 63,
		Byte: 255, Ushort: 65535, Uint: 1 << 31, Ulong: 1<<64 - 1,
		Single: 0.5, WideFloat: -2.25, Text: "héllo", Blob: []byte{0, 1, 255},
		Mode: ModeBusy, Keeper: Keeper{Sync: "kept"},
		MaybeFlag: ptr(false), MaybeText: ptr(""), MaybeBlob: ptr([]byte{9}),
		MaybeMode: ptr(ModeGone), MaybeKeeper: ptr(Keeper{Sync: "maybe"}),
		MaybeList: ptr([]int32{1, 2}), MaybeMap: ptr(map[uint64]string{1: "one"}),
		Flags: []bool{true, false}, Texts: []string{"a", ""}, Blobs: [][]byte{{1}, nil},
		Modes:        []Mode{ModeIdle, ModeGone},
		Keepers:      []Keeper{{Sync: "k1"}, {Sync: "k2"}},
		MaybeKeepers: []*Keeper{nil, {Sync: "k3"}, nil},
		Lists:        [][]string{{"x"}, nil},
		Maps:         []map[string][]byte{{"b": {7}}, nil},
		ByInt:        map[int64]Keeper{-1: {Sync: "neg"}},
		ByName:       map[string]*Keeper{"none": nil, "some": {Sync: "s"}},
		Nested: map[string][]map[uint8][]*string{
			"deep": {{0: {nil, ptr("leaf")}}, nil},
		},
		LongOne: sampleLong(),
	}
}

func TestEveryTypeAsAFieldRoundTrips(t *testing.T) {
	c := newClient(t)
	want := sampleEverything()
	got, err := c.EchoEverything(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	// The zero value: every optional absent, every container empty.
	if got, err := c.EchoEverything(Everything{}); err != nil || !reflect.DeepEqual(got, Everything{}) {
		t.Fatalf("zero value: %+v, %v", got, err)
	}
}

func TestEveryParameterKindIncludingAbsentOptionals(t *testing.T) {
	c := newClient(t)
	got, err := c.EchoParams(true, 42, "t", []byte{1}, ModeBusy, Keeper{Sync: "k"}, nil, nil,
		[]*Keeper{nil, {Sync: "x"}}, map[string]*Keeper{"n": nil})
	if err != nil {
		t.Fatal(err)
	}
	if got.MaybeKeeper != nil || got.MaybeText != nil {
		t.Fatalf("absent optionals arrived present: %+v", got)
	}
	if got.Whole != 42 || got.Keeper.Sync != "k" || len(got.MaybeKeepers) != 2 || got.MaybeKeepers[0] != nil ||
		got.MaybeKeepers[1].Sync != "x" || got.ByName["n"] != nil {
		t.Fatalf("got %+v", got)
	}
	got, err = c.EchoParams(false, 0, "", nil, ModeIdle, Keeper{}, ptr(Keeper{Sync: "p"}), ptr("m"), nil, nil)
	if err != nil || got.MaybeKeeper == nil || got.MaybeKeeper.Sync != "p" || *got.MaybeText != "m" {
		t.Fatalf("present optionals: %+v, %v", got, err)
	}
}

func TestResultsOfEveryShape(t *testing.T) {
	c := newClient(t)
	keepers := []*Keeper{nil, {Sync: "a"}}
	if got, err := c.EchoKeepers(keepers); err != nil || !reflect.DeepEqual(got, keepers) {
		t.Fatalf("keepers: %v, %v", got, err)
	}
	if got, err := c.EchoMaybeKeeper(nil); err != nil || got != nil {
		t.Fatalf("absent: %v, %v", got, err)
	}
	if got, err := c.EchoMaybeKeeper(ptr(Keeper{Sync: "p"})); err != nil || got.Sync != "p" {
		t.Fatalf("present: %v, %v", got, err)
	}
	nested := sampleEverything().Nested
	if got, err := c.EchoNested(nested); err != nil || !reflect.DeepEqual(got, nested) {
		t.Fatalf("nested: %v, %v", got, err)
	}
	if got, err := c.EchoMode(ModeGone); err != nil || got != ModeGone {
		t.Fatalf("mode: %v, %v", got, err)
	}
	if got, err := c.EchoBlob([]byte{0}); err != nil || !reflect.DeepEqual(got, []byte{0}) {
		t.Fatalf("blob: %v, %v", got, err)
	}
	if got, err := c.EchoText("ü"); err != nil || got != "ü" {
		t.Fatalf("text: %q, %v", got, err)
	}
	if got, err := c.EchoWithAnExtremelyLongProcedureNameEchoWithAnExtremelyLongProcedureNameEchoWithAnExtremelyLongProced(sampleLong()); err != nil || !reflect.DeepEqual(got, sampleLong()) {
		t.Fatalf("long: %+v, %v", got, err)
	}
	if got, err := Sum([]int64{1, 2, 3}); err != nil || got != 6 {
		t.Fatalf("sum: %v, %v", got, err)
	}
}

func TestARecursiveTreeRoundTrips(t *testing.T) {
	c := newClient(t)
	tree := Node{Label: "root"}
	at := &tree
	for i := 0; i < 40; i++ {
		at.Children = []Node{{Label: "child"}}
		at.Named = map[string]Node{"leaf": {Label: "named"}}
		at = &at.Children[0]
	}
	if got, err := c.EchoNode(tree); err != nil || !reflect.DeepEqual(got, tree) {
		t.Fatalf("tree: %v", err)
	}
}

func TestEventsAndAHostFunctionCarryEveryShape(t *testing.T) {
	c := newClient(t)
	seen := make(chan EverythingSeenEvent, 1)
	nothing := make(chan struct{}, 1)
	defer c.OnEverythingSeen(func(e EverythingSeenEvent) { seen <- e })()
	defer c.OnNothingSeen(func() { nothing <- struct{}{} })()
	want := sampleEverything()
	if err := c.Fire(want); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-seen:
		if !reflect.DeepEqual(e.Value, want) || e.Count != 1 {
			t.Fatalf("event: %+v", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no everything_seen event")
	}
	select {
	case <-nothing:
	case <-time.After(10 * time.Second):
		t.Fatal("no nothing_seen event")
	}
	if err := c.SetTransform(func(a TransformArgs) ([]*Keeper, error) {
		out := append([]*Keeper{}, a.Value...)
		return append(out, a.Hint), nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := c.AskHost([]*Keeper{{Sync: "v"}, nil}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Sync != "v" || got[1] != nil || got[2] != nil {
		t.Fatalf("host answer: %v", got)
	}
	got, err = c.AskHost(nil, ptr(Keeper{Sync: "h"}))
	if err != nil || len(got) != 1 || got[0] == nil || got[0].Sync != "h" {
		t.Fatalf("host answer with a hint: %v, %v", got, err)
	}
}

// Parameters named like the generator's own receivers, locals and shim
// parameters reach the library intact; an optional object is a plain *T
// (nil when absent), as a parameter and as a struct field.
func TestNamesakesAndOptionalObjects(t *testing.T) {
	c := newClient(t)
	one := int32(1)
	sum, err := c.Namesakes(1, 1, 1, "ab", 1, 1, 1, 1, &Keeper{Sync: "x"}, 1, Keeper{Sync: "yz"},
		[]int32{10, 20}, 1, 1, 1, 1, &one, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
	if err != nil || sum != 31+30+2+2+1 {
		t.Fatalf("Namesakes = %d, %v", sum, err)
	}
	n, err := NewNamesake(c, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	mixed, err := n.Mix(1, 1, 1, "", 1, 1, 1, 1, nil, 1, Keeper{}, nil, 1, 1, 1, nil, 1, 1, 1, 1, 1, 1, 1, 1)
	if err != nil || mixed != 21+19 {
		t.Fatalf("Mix = %d, %v", mixed, err)
	}
	if given, err := n.Pair(n); err != nil || !given {
		t.Fatalf("Pair(n) = %v, %v", given, err)
	}
	if given, err := n.Pair(nil); err != nil || given {
		t.Fatalf("Pair(nil) = %v, %v", given, err)
	}
	back, err := n.EchoPairing(Pairing{Maybe: n, Count: 2})
	if err != nil || back.Maybe == nil || !back.Maybe.Equal(n) || back.Count != 2 {
		t.Fatalf("EchoPairing = %+v, %v", back, err)
	}
	back.Maybe.Close()
	if none, err := n.EchoPairing(Pairing{}); err != nil || none.Maybe != nil {
		t.Fatalf("EchoPairing(absent) = %+v, %v", none, err)
	}
}
