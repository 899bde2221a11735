// The calc library from Go: a library without a ctor is a set of functions.
package main

import (
	"fmt"
	"log"
	"math"

	"calc"
)

func main() {
	sum, err := calc.Add(40, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("add(40, 2) =", sum)
	if _, err := calc.Add(math.MaxInt64, 1); err != nil {
		fmt.Println("add(MaxInt64, 1) failed:", err)
	} else {
		log.Fatal("overflow not reported")
	}
	r, err := calc.Reduce(calc.Ratio{Num: 6, Den: -4})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("reduce(6/-4) = %d/%d\n", r.Num, r.Den)
}
