// The sprites library from Go: each object type is a *T with Close; two
// references to one object are Equal. Named ctors are New<Object>...
// functions.
package main

import (
	"errors"
	"fmt"
	"log"

	"sprites"
)

func main() {
	c, err := sprites.New()
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	s, err := sprites.NewSpriteRelativeTo(c, sprites.Point{X: 1, Y: 2}, sprites.Vector{Dx: 10, Dy: 20})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if err := s.MoveBy(sprites.Vector{Dx: 10, Dy: 20}); err != nil {
		log.Fatal(err)
	}
	at, _ := s.GetPosition()
	fmt.Printf("sprite at (%.0f, %.0f)\n", at.X, at.Y)

	list, err := sprites.NewTodoList(c)
	if err != nil {
		log.Fatal(err)
	}
	defer list.Close()
	_ = list.AddItem("buy milk")
	_ = c.SetDefaultList(list)
	fallback, _ := c.GetDefaultList()
	defer fallback.Close()
	fmt.Println("the default list is the same object:", fallback.Equal(list))
	last, _ := fallback.GetLast()
	fmt.Println("its last item:", last)

	_, err = sprites.NewTodoListFromItems(c, nil)
	if errors.Is(err, sprites.TodoErrorEmptyTodoList{}) {
		fmt.Println("NewTodoListFromItems(nil) raised", err)
	}
}
