"""One module per board page: functions from the published data (and the board's filters) to Charts."""
