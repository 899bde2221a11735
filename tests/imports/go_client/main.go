// Two libraries that import the same types file, in one Go program: each
// package has its own Point, converted field by field.
package main

import (
	"errors"
	"fmt"
	"log"
	"math"

	"atlas"
	"survey"
)

func main() {
	mid, err := atlas.Midpoint(atlas.Point{X: 0, Y: 0}, atlas.Point{X: 3000, Y: 4000})
	if err != nil || mid.X != 1500 || mid.Y != 2000 {
		log.Fatalf("midpoint = %+v, %v", mid, err)
	}
	km, err := survey.Distance(survey.Point{}, survey.Point{X: mid.X, Y: mid.Y}, survey.UnitKilometres)
	if err != nil || math.Abs(km-2.5) > 1e-9 {
		log.Fatalf("distance = %v, %v", km, err)
	}
	_, err = survey.Distance(survey.Point{}, survey.Point{X: 1e7}, survey.UnitMetres)
	var far survey.GeoErrorOutOfRange
	if !errors.As(err, &far) || far.Point.X != 1e7 {
		log.Fatalf("far = %v", err)
	}
	_, err = atlas.Locate("mars")
	var unknown atlas.GeoErrorUnknownPlace
	if !errors.As(err, &unknown) || unknown.Name != "mars" {
		log.Fatalf("mars = %v", err)
	}
	origin, err := atlas.Locate("origin")
	if at, ok := origin.(atlas.PlaceAt); err != nil || !ok || at.Point != (atlas.Point{}) {
		log.Fatalf("origin = %#v, %v", origin, err)
	}
	fmt.Println("atlas and survey share geometry.ffidl (Go)")
}
