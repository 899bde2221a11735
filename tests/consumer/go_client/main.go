// The greeter from Go.
package main

import (
	"fmt"
	"log"

	"greeter"
)

func main() {
	client, err := greeter.New(greeter.GreeterConfig{Salutation: "Hello"})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	text, err := client.Greet("Go")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
}
