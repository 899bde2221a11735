// The echo library from Go: a client, a few calls, a static function.
package main

import (
	"fmt"
	"log"

	"echo"
)

func main() {
	client, err := echo.New(echo.EchoConfig{Prefix: "echo: "})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	said, err := client.Say("hello from Go")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(said)

	reversed, err := client.Reverse([]byte("stressed"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("reverse(stressed) -> %s\n", reversed)

	calls, _ := client.Count()
	fmt.Println("calls so far:", calls)

	loud, _ := echo.Shout("static procs need no client")
	fmt.Println(loud)
}
