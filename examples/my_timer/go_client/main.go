// The my_timer library from Go: events, a deadline through context, and a
// static parser.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"mytimer"
)

func main() {
	timer, err := mytimer.New(mytimer.TimerConfig{Name: "go-timer", TickMs: 10})
	if err != nil {
		log.Fatal(err)
	}
	defer timer.Close()

	fired := make(chan mytimer.EchoFiredEvent, 1)
	unsubscribe := timer.OnEchoFired(func(ev mytimer.EchoFiredEvent) { fired <- ev })
	defer unsubscribe()

	resp, err := timer.Echo(mytimer.EchoRequest{Message: "tick", DelayMs: 20, Level: mytimer.LevelHigh})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("echo %q from %s after %d ms\n", resp.Message, resp.TimerName, resp.ElapsedMs)
	ev := <-fired
	fmt.Printf("event echo_fired: %q (#%d)\n", ev.Message, ev.Count)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = timer.EchoContext(ctx, mytimer.EchoRequest{Message: "slow", DelayMs: 1000})
	fmt.Println("slow echo with a 10 ms deadline:", errors.Is(err, context.DeadlineExceeded))

	req, err := mytimer.Parse("parsed;5")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("parse -> %+v\n", req)
}
