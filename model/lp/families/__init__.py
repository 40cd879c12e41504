"""Constraint families of the LP other than targets: capacity, pools, service caps, objective."""
