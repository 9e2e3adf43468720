# Tests: unit programs and render scripts run by make check.
