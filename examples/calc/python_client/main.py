"""The calc library from Python: a library with no ctor is module functions."""

import calc
from calc import Ratio


def main() -> None:
    print(f"add(40, 2) = {calc.add(40, 2)}")
    try:
        calc.add(2**63 - 1, 1)
    except calc.LibraryError as e:
        print(f"add(2**63 - 1, 1) failed: {e}")
    r = calc.reduce(Ratio(num=6, den=-4))
    print(f"reduce(6/-4) = {r.num}/{r.den}")


if __name__ == "__main__":
    main()
