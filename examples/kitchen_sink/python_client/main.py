"""The kitchen_sink library from Python: nested records with defaults,
enums, optionals, maps, and a host function that edits a deep value."""

import kitchen_sink
from kitchen_sink import Color, Inner, Middle, Outer, SinkConfig, Status


def main() -> None:
    with kitchen_sink.Client(SinkConfig(fail=False)) as sink:
        inner = Inner(label="first", data=bytes([0, 1, 2]), score=0.25, status=Status.OK)
        outer = Outer(
            middle=Middle(inner=inner, by_name={"x": inner}),
            groups={"primes": [2, 3, 5]},
            colors=[Color.RED, Color.BLUE],
            maybe_text="present",
        )
        print(f"echo_outer -> identical: {sink.echo_outer(outer) == outer}")

        def transform(value: Outer) -> Outer:
            value.groups["added by the host"] = [42]
            return value

        sink.set_transform(transform)
        print(f"transform_outer -> {len(sink.transform_outer(outer).groups)} groups")
        print(f"add(40, 2) -> {kitchen_sink.add(40, 2)}")
        try:
            sink.fail("on purpose")
        except kitchen_sink.LibraryError as e:
            print(f'fail("on purpose") -> {e}')


if __name__ == "__main__":
    main()
