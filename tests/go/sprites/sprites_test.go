// End-to-end tests of the generated sprites package over libsprites.so:
// objects as references with Close, named ctors, identity, the live default
// list, lists/maps of objects, closed and foreign references, and many
// goroutines creating objects with nothing leaked.
package sprites

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func newClient(t *testing.T) *Client {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// must returns v, or panics (failing the test) with err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func waitDtors(t *testing.T, c *Client, n uint64) {
	t.Helper()
	var seen uint64
	for i := 0; i < 6000; i++ {
		if seen = must(c.DtorCount()); seen >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("dtor count = %d, want %d", seen, n)
}

func TestNamedCtorsAndMethods(t *testing.T) {
	c := newClient(t)
	a := must(NewSprite(c, nil))
	defer a.Close()
	b := must(NewSpriteRelativeTo(c, Point{X: 1, Y: 2}, Vector{Dx: 10, Dy: 20}))
	defer b.Close()
	if a.Equal(b) {
		t.Fatal("two sprites are equal")
	}
	if err := a.MoveBy(Vector{Dx: 0.5, Dy: -1}); err != nil {
		t.Fatal(err)
	}
	if p := must(a.GetPosition()); p != (Point{X: 0.5, Y: -1}) {
		t.Fatalf("a at %+v", p)
	}
	if p := must(b.GetPosition()); p != (Point{X: 11, Y: 22}) {
		t.Fatalf("b at %+v", p)
	}
	_, err := NewTodoListFromItems(c, nil)
	if !errors.Is(err, TodoErrorEmptyTodoList{}) {
		t.Fatalf("FromItems(nil) = %v", err)
	}
	l := must(NewTodoListFromItems(c, []string{"a", "b"}))
	defer l.Close()
	if got := must(l.GetItems()); strings.Join(got, ",") != "a,b" {
		t.Fatalf("items %v", got)
	}
}

func TestIdentityAndTheLiveDefaultList(t *testing.T) {
	c := newClient(t)
	l := must(NewTodoList(c))
	if err := c.SetDefaultList(l); err != nil {
		t.Fatal(err)
	}
	if err := l.AddItem("milk"); err != nil {
		t.Fatal(err)
	}
	got := must(c.GetDefaultList())
	if got == nil || !got.Equal(l) || got.Handle() != l.Handle() {
		t.Fatalf("default list %v is not %v", got, l)
	}
	if last := must(got.GetLast()); last != "milk" {
		t.Fatalf("last = %q", last)
	}
	self := must(l.Itself())
	if !self.Equal(l) {
		t.Fatal("itself() is another object")
	}
	clone := must(l.Clone())
	if !clone.Equal(l) {
		t.Fatal("a clone is another object")
	}
	// Every client reference goes; the library still holds the list.
	for _, r := range []*TodoList{l, got, self, clone} {
		r.Close()
	}
	l.Close() // idempotent
	if n := must(c.ObjectsAlive()); n != 1 {
		t.Fatalf("alive = %d", n)
	}
	if _, err := l.GetItems(); err == nil || !strings.Contains(err.Error(), "is not a live TodoList") {
		t.Fatalf("a closed reference answered %v", err)
	}
	if err := c.ClearDefaultList(); err != nil {
		t.Fatal(err)
	}
	waitDtors(t, c, 1)
	if n := must(c.ObjectsAlive()); n != 0 {
		t.Fatalf("alive = %d", n)
	}
}

func TestListsAndMapsOfObjects(t *testing.T) {
	c := newClient(t)
	small := must(NewTodoListFromItems(c, []string{"one"}))
	big := must(NewTodoListFromItems(c, []string{"one", "two"}))
	longest := must(c.Longest([]*TodoList{small, big}))
	if longest == nil || !longest.Equal(big) {
		t.Fatalf("longest = %v", longest)
	}
	if none := must(c.Longest(nil)); none != nil {
		t.Fatalf("longest of none = %v", none)
	}
	byLast := must(c.ListsByLastItem([]*TodoList{small, big}))
	if len(byLast) != 2 || !byLast["one"].Equal(small) || !byLast["two"].Equal(big) {
		t.Fatalf("by last item = %v", byLast)
	}
	// A nil reference in a list is refused with its place.
	_, err := c.Longest([]*TodoList{small, nil})
	if err == nil || !strings.Contains(err.Error(), "lists[1]") {
		t.Fatalf("a nil list element answered %v", err)
	}
}

func TestReferencesOfAnotherClientAndAfterClose(t *testing.T) {
	c := newClient(t)
	other := newClient(t)
	l := must(NewTodoList(c))
	if err := other.SetDefaultList(l); err == nil || !strings.Contains(err.Error(), "of this context") {
		t.Fatalf("another client's list answered %v", err)
	}
	c.Close()
	if err := l.AddItem("x"); err == nil {
		t.Fatal("a call after Close succeeded")
	}
	l.Close() // harmless after the client is gone
}

func TestManyGoroutinesLeakNothing(t *testing.T) {
	c := newClient(t)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 250; i++ {
				l, err := NewTodoList(c)
				if err != nil {
					t.Error(err)
					return
				}
				if err := l.AddItem("x"); err != nil {
					t.Error(err)
				}
				l.Close()
			}
		}()
	}
	wg.Wait()
	waitDtors(t, c, 2000)
	if n := must(c.ObjectsAlive()); n != 0 {
		t.Fatalf("alive = %d", n)
	}
}

func TestEventsCarryTheObjectItself(t *testing.T) {
	c := newClient(t)
	l := must(NewTodoList(c))
	defer l.Close()
	got := make(chan ListChangedEvent, 2)
	unsubscribe := c.OnListChanged(func(ev ListChangedEvent) { got <- ev })
	defer unsubscribe()
	if err := l.AddItem("one"); err != nil {
		t.Fatal(err)
	}
	if err := l.AddItem("two"); err != nil {
		t.Fatal(err)
	}
	for want := uint32(1); want <= 2; want++ {
		select {
		case ev := <-got:
			if !ev.List.Equal(l) || ev.Size != want {
				t.Fatalf("event %+v, want the list with size %d", ev, want)
			}
			if want == 2 {
				// The event's reference is the listener's own: it outlives l.
				l.Close()
				if last := must(ev.List.GetLast()); last != "two" {
					t.Fatalf("last = %q", last)
				}
			}
			ev.List.Close()
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
		}
	}
}

func TestHostFnsTakeAndAnswerObjects(t *testing.T) {
	c := newClient(t)
	a := must(NewTodoList(c))
	defer a.Close()
	b := must(NewTodoList(c))
	defer b.Close()
	err := c.SetChooseList(func(args ChooseListArgs) (*TodoList, error) {
		if len(args.Lists) != 2 {
			return nil, errors.New("expected two lists")
		}
		args.Lists[0].Close() // references the host got are its own
		return args.Lists[1], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	chosen := must(c.AskHostToChoose([]*TodoList{a, b}))
	defer chosen.Close()
	if !chosen.Equal(b) || chosen.Equal(a) {
		t.Fatalf("chosen %v, want %v", chosen, b)
	}
}

func TestStructsHoldObjects(t *testing.T) {
	c := newClient(t)
	outer := must(NewTodoList(c))
	defer outer.Close()
	inner := must(NewTodoList(c))
	defer inner.Close()
	all := must(c.FileEntry(Entry{Name: "outer", List: outer, More: []Entry{{Name: "inner", List: inner}}}))
	if len(all) != 1 || !all[0].List.Equal(outer) || len(all[0].More) != 1 || !all[0].More[0].List.Equal(inner) {
		t.Fatalf("entries %+v", all)
	}
	all[0].List.Close()
	all[0].More[0].List.Close()
}

// Close on a struct releases every reference in it, at any depth: the
// library's copies then are the only ones left.
func TestClosingAStructReleasesItsObjects(t *testing.T) {
	c := newClient(t)
	a, b := must(NewTodoList(c)), must(NewTodoList(c))
	entry := Entry{Name: "a", List: a, More: []Entry{{Name: "b", List: b}}}
	filed := must(c.FileEntry(entry))
	entry.Close()
	if _, err := a.GetItems(); err == nil {
		t.Fatal("a reference Close released still answers")
	}
	for _, e := range filed {
		e.Close()
	}
	// The library files the entry (both lists) until the client goes.
	if n := must(c.ObjectsAlive()); n != 2 {
		t.Fatalf("alive = %d, want 2 (held by the library)", n)
	}
	var none Entry
	none.Close() // nil references are skipped
}

// What a release lets go of is gone before the next call: a keeps b;
// closing b, then a, the next call already sees both deleted. An optional
// object parameter is a plain *TodoList, nil when absent.
func TestReleaseCascadesBeforeTheNextCall(t *testing.T) {
	c := newClient(t)
	for round := 0; round < 20; round++ {
		a := must(NewTodoList(c))
		b := must(NewTodoList(c))
		if err := a.Keep(b); err != nil {
			t.Fatal(err)
		}
		b.Close()
		if n := must(c.ObjectsAlive()); n != 2 {
			t.Fatalf("round %d: alive = %d, want 2", round, n)
		}
		a.Close()
		if n := must(c.ObjectsAlive()); n != 0 {
			t.Fatalf("round %d: alive = %d right after the release, want 0", round, n)
		}
	}
	a := must(NewTodoList(c))
	defer a.Close()
	if err := a.Keep(a); err != nil {
		t.Fatal(err)
	}
	if err := a.Keep(nil); err != nil {
		t.Fatal(err)
	}
}

// Cycles come apart when the client closes: their dtor hooks run.
func TestCyclesAreDeletedOnClose(t *testing.T) {
	before := must(TotalDtorCount())
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	self, a, b := must(NewTodoList(c)), must(NewTodoList(c)), must(NewTodoList(c))
	for _, pair := range [][2]*TodoList{{self, self}, {a, b}, {b, a}} {
		if err := pair[0].Keep(pair[1]); err != nil {
			t.Fatal(err)
		}
	}
	self.Close()
	a.Close()
	b.Close()
	c.Close()
	if after := must(TotalDtorCount()); after < before+3 {
		t.Fatalf("dtor hooks %d -> %d, want 3 more", before, after)
	}
}
