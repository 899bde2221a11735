// The todo library from Go: a raised error is returned as its variant, which
// errors.As matches (one variant, or any through the TodoError interface);
// unions are interfaces with one struct per variant.
package main

import (
	"errors"
	"fmt"
	"log"
	"math"

	"todo"
)

func describe(err error) string {
	var typed todo.TodoError
	if !errors.As(err, &typed) {
		return "error: " + err.Error()
	}
	switch e := typed.(type) {
	case todo.TodoErrorTodoDoesNotExist:
		return "no such item: " + e.Todo
	case todo.TodoErrorEmptyTodoList:
		return "the list is empty"
	case todo.TodoErrorDuplicateTodo:
		return "already listed: " + e.Todo
	}
	return "unknown"
}

func main() {
	list, err := todo.New()
	if err != nil {
		log.Fatal(err)
	}
	defer list.Close()

	_, err = list.Last()
	fmt.Println("last() on an empty list ->", describe(err))
	if err := list.Add("milk"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(`add("milk") twice ->`, describe(list.Add("milk")))
	fmt.Println(`remove("eggs") ->`, describe(list.Remove("eggs")))
	fmt.Println("broken() ->", describe(list.Broken()))

	_, err = todo.AddU64(math.MaxUint64, 1)
	var overflow todo.ArithmeticErrorIntegerOverflow
	if errors.As(err, &overflow) {
		fmt.Printf("add_u64(MaxUint64, 1) -> overflow: %d + %d\n", overflow.A, overflow.B)
	}

	area, err := list.Area(todo.ShapeRect{W: 2, H: 3.5})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("area(rect 2 x 3.5) =", area)
}
