// kitchen_sink from Go: nested structs, maps, optionals and enums are plain
// Go values that round-trip exactly.
package main

import (
	"fmt"
	"log"
	"reflect"

	"kitchensink"
)

func main() {
	sink, err := kitchensink.New(kitchensink.SinkConfig{})
	if err != nil {
		log.Fatal(err)
	}
	defer sink.Close()

	score := 0.25
	text := "present"
	inner := kitchensink.Inner{Label: "first", Data: []byte{0, 1, 2}, Score: &score, Status: kitchensink.StatusOk}
	outer := kitchensink.Outer{
		Middle:    kitchensink.Middle{Inner: inner, ByName: map[string]kitchensink.Inner{"x": inner}},
		Groups:    map[string][]int32{"primes": {2, 3, 5}},
		Colors:    []kitchensink.Color{kitchensink.ColorRed, kitchensink.ColorBlue},
		MaybeText: &text,
	}
	back, err := sink.EchoOuter(outer)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("echo_outer -> identical:", reflect.DeepEqual(back, outer))

	sink.SetTransform(func(args kitchensink.TransformArgs) (kitchensink.Outer, error) {
		out := args.Value
		out.Groups["added by the host"] = []int32{42}
		return out, nil
	})
	transformed, err := sink.TransformOuter(outer)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("transform_outer ->", len(transformed.Groups), "groups")

	sum, _ := kitchensink.Add(40, 2)
	fmt.Println("add(40, 2) ->", sum)
	_, err = sink.Fail("on purpose")
	fmt.Println("fail(\"on purpose\") ->", err)
}
