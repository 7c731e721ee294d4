"""The transfer pack: what the receiving MARAC's coordinators read about a case sent to them (the sending area's
minutes of its hearings and its whole action plan, read only). In ``actions``, the layer that sees both."""
