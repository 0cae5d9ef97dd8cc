"""What each kind of page shows: view functions returning frozen dataclasses of plain values
(and read-only, tracked model objects), and the helpers templates call for list entries."""
