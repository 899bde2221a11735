// End-to-end tests of the generated todo package over libtodo.so: typed
// errors matched with errors.As and type switches, unions in every
// position, a host fn that raises.
package todo

import (
	"errors"
	"math"
	"reflect"
	"strings"
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

func TestTypedErrorsMatchWithErrorsAs(t *testing.T) {
	c := newClient(t)
	_, err := c.Last()
	if !errors.Is(err, TodoErrorEmptyTodoList{}) {
		t.Fatalf("Last on an empty list = %v", err)
	}
	if err := c.Add("milk"); err != nil {
		t.Fatal(err)
	}
	err = c.Add("milk")
	var dup TodoErrorDuplicateTodo
	if !errors.As(err, &dup) || dup.Todo != "milk" {
		t.Fatalf("Add twice = %v", err)
	}
	// Any variant through the interface, then an exhaustive type switch.
	var typed TodoError
	if !errors.As(c.Remove("eggs"), &typed) {
		t.Fatal("Remove of a missing item raised no TodoError")
	}
	switch e := typed.(type) {
	case TodoErrorTodoDoesNotExist:
		if e.Todo != "eggs" {
			t.Fatalf("todo = %q", e.Todo)
		}
	case TodoErrorEmptyTodoList, TodoErrorDuplicateTodo:
		t.Fatalf("wrong variant %#v", e)
	}
	if typed.Error() != `todo_does_not_exist(todo: "eggs")` {
		t.Fatalf("message %q", typed.Error())
	}
	if last, err := c.Last(); err != nil || last != "milk" {
		t.Fatalf("Last = %q, %v", last, err)
	}
}

func TestUntypedErrorsStayDistinguishable(t *testing.T) {
	c := newClient(t)
	err := c.Broken()
	var typed TodoError
	var plain *Error
	if errors.As(err, &typed) || !errors.As(err, &plain) ||
		!strings.Contains(plain.Message, "internal error: the handler threw an exception: the list is broken") {
		t.Fatalf("Broken = %#v", err)
	}
	c.Close()
	if err := c.Add("x"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close = %v", err)
	}
}

func TestStaticProcsRaise(t *testing.T) {
	_, err := AddU64(math.MaxUint64, 1)
	var overflow ArithmeticErrorIntegerOverflow
	if !errors.As(err, &overflow) || overflow.A != math.MaxUint64 || overflow.B != 1 {
		t.Fatalf("AddU64 = %v", err)
	}
	if overflow.Error() != "integer_overflow(a: 18446744073709551615, b: 1)" {
		t.Fatalf("message %q", overflow.Error())
	}
	if _, err := DivU64(1, 0); !errors.Is(err, ArithmeticErrorDivisionByZero{}) {
		t.Fatalf("DivU64 = %v", err)
	}
	if q, err := DivU64(7, 2); err != nil || q != 3 {
		t.Fatalf("DivU64(7, 2) = %d, %v", q, err)
	}
}

func TestUnionsRoundTripInEveryPosition(t *testing.T) {
	c := newClient(t)
	for _, s := range []Shape{ShapeCircle{Radius: 1.5}, ShapeRect{W: 2, H: 3}, ShapeEmpty{}} {
		back, err := c.EchoShape(s)
		if err != nil || !reflect.DeepEqual(back, s) {
			t.Fatalf("EchoShape(%#v) = %#v, %v", s, back, err)
		}
	}
	if a, err := c.Area(ShapeRect{W: 2, H: 3.5}); err != nil || a != 7 {
		t.Fatalf("Area = %v, %v", a, err)
	}
	var bg Shape = ShapeCircle{Radius: 2}
	note := "n"
	d := Drawing{
		Name:       "d",
		Shapes:     []Shape{ShapeEmpty{}, ShapeRect{W: 1, H: 1}},
		Background: bg,
		ByName:     map[string]Shape{"c": ShapeCircle{Radius: 3}},
		Layers: []Layer{
			LayerSingle{Shape: ShapeEmpty{}},
			LayerGroup{Name: "g", Children: []Layer{LayerSingle{Shape: ShapeCircle{Radius: 4}}},
				Tags: map[string]string{"k": "v"}, Note: &note},
		},
	}
	back, err := c.EchoDrawing(d)
	if err != nil || !reflect.DeepEqual(back, d) {
		t.Fatalf("EchoDrawing = %#v, %v", back, err)
	}
	if none, err := c.MaybeShape(nil); err != nil || none != nil {
		t.Fatalf("MaybeShape(nil) = %v, %v", none, err)
	}
	if some, err := c.MaybeShape(bg); err != nil || some == nil || !reflect.DeepEqual(some, bg) {
		t.Fatalf("MaybeShape = %v, %v", some, err)
	}
}

func TestNilUnionIsRefused(t *testing.T) {
	c := newClient(t)
	if _, err := c.EchoShape(nil); err == nil || !strings.Contains(err.Error(), "holds no variant") {
		t.Fatalf("EchoShape(nil) = %v", err)
	}
}

func TestUnionsInEvents(t *testing.T) {
	c := newClient(t)
	drawn := make(chan Shape, 1)
	c.OnShapeDrawn(func(ev ShapeDrawnEvent) { drawn <- ev.Shape })
	big := ShapeRect{W: 10, H: 10}
	largest, err := c.Largest([]Shape{ShapeCircle{Radius: 1}, big, ShapeEmpty{}})
	if err != nil || largest == nil || !reflect.DeepEqual(largest, Shape(big)) {
		t.Fatalf("Largest = %v, %v", largest, err)
	}
	select {
	case s := <-drawn:
		if !reflect.DeepEqual(s, Shape(big)) {
			t.Fatalf("event %#v", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shape_drawn event")
	}
}

func TestHostRaisesATypedError(t *testing.T) {
	c := newClient(t)
	c.SetLookup(func(args LookupArgs) (string, error) {
		switch args.Key {
		case "busy":
			return "", LookupErrorBusy{}
		case "missing":
			return "", LookupErrorNotFound{Key: args.Key}
		case "broken":
			return "", errors.New("plain failure")
		}
		return "item " + args.Key, nil
	})
	if got, err := c.AddFromHost("k"); err != nil || got != "item k" {
		t.Fatalf("AddFromHost = %q, %v", got, err)
	}
	_, err := c.AddFromHost("missing")
	var missing TodoErrorTodoDoesNotExist
	if !errors.As(err, &missing) || missing.Todo != "missing" {
		t.Fatalf("AddFromHost(missing) = %v", err)
	}
	_, err = c.AddFromHost("busy")
	var plain *Error
	if !errors.As(err, &plain) || !strings.Contains(plain.Message, "the host is busy") {
		t.Fatalf("AddFromHost(busy) = %v", err)
	}
	_, err = c.AddFromHost("broken")
	if !errors.As(err, &plain) || !strings.Contains(plain.Message, "plain failure") {
		t.Fatalf("AddFromHost(broken) = %v", err)
	}
}

func TestUnionsAsHostFnArgumentsAndAnswers(t *testing.T) {
	c := newClient(t)
	c.SetPick(func(args PickArgs) (Shape, error) {
		if len(args.Shapes) == 0 {
			return nil, errors.New("nothing to pick")
		}
		return args.Shapes[len(args.Shapes)-1], nil
	})
	rect := ShapeRect{W: 4, H: 5}
	if got, err := c.AskHostToPick([]Shape{ShapeCircle{Radius: 1}, rect}); err != nil || got != Shape(rect) {
		t.Fatalf("AskHostToPick = %#v, %v", got, err)
	}
	if _, err := c.AskHostToPick(nil); err == nil || !strings.Contains(err.Error(), "nothing to pick") {
		t.Fatalf("AskHostToPick(nil) = %v", err)
	}
	// A host fn answering a nil union fails the library's call, not the process.
	c.SetPick(func(PickArgs) (Shape, error) { return nil, nil })
	if _, err := c.AskHostToPick([]Shape{rect}); err == nil || !strings.Contains(err.Error(), "holds no variant") {
		t.Fatalf("nil answer = %v", err)
	}
}
