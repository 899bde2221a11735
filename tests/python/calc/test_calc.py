"""A library with no ctor: no Client, only module functions."""

import asyncio

import calc
import pytest
from calc import Ratio


def test_no_client_without_a_ctor() -> None:
    assert not hasattr(calc, "Client")


def test_static_procs() -> None:
    assert calc.add(2, -5) == -3
    assert calc.reduce(Ratio(num=6, den=8)) == Ratio(3, 4)
    assert asyncio.run(calc.reduce_async(Ratio(10, 5))) == Ratio(2, 1)


def test_overflow_is_an_untyped_failure() -> None:
    with pytest.raises(calc.LibraryError):
        calc.add(2**63 - 1, 1)


def test_out_of_range_arguments_are_refused() -> None:
    with pytest.raises(calc.BindingError):
        calc.add(2**63, 0)
