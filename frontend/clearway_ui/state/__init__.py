"""One State substate per page; all of them are substates of AuthState."""
