"""Long jobs run by a worker (``manage.py worker``): their state, progress and results."""
