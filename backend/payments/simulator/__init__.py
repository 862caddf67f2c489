"""The built-in payment-gateway simulator: test inputs, simulated providers and their signed callbacks."""
