"""python -m reportgen"""

from .entry import main

main()
