"""The greeter from Python."""

import greeter
from greeter import GreeterConfig

with greeter.Client(GreeterConfig(salutation="Hello")) as client:
    print(client.greet("Python"))
