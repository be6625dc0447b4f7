"""A department round: workbooks out to a list of departments, returns in, checked, compiled, summed."""
