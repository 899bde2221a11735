"""Two libraries that import the same types file, in one Python process:
each package has its own `Point`, and the two load side by side."""

import atlas
import pytest
import survey


def test_two_packages_share_a_types_file() -> None:
    mid = atlas.midpoint(atlas.Point(0.0, 0.0), atlas.Point(3000.0, 4000.0))
    assert (mid.x, mid.y) == (1500.0, 2000.0)
    km = survey.distance(survey.Point(), survey.Point(mid.x, mid.y), survey.Unit.KILOMETRES)
    assert abs(km - 2.5) < 1e-9
    with pytest.raises(survey.GeoError.OutOfRange) as far:
        survey.distance(survey.Point(), survey.Point(x=1e7), survey.Unit.METRES)
    assert far.value.point == survey.Point(1e7, 0.0)
    with pytest.raises(atlas.GeoError.UnknownPlace) as mars:
        atlas.locate("mars")
    assert mars.value.name == "mars"
    assert atlas.locate("origin") == atlas.PlaceAt(atlas.Point(0.0, 0.0))


def test_each_package_has_its_own_types() -> None:
    assert atlas.Point is not survey.Point
    with pytest.raises(atlas.BindingError):
        atlas.locate(b"origin")  # type: ignore[arg-type]
