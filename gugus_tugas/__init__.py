"""The organisation: users and roles, OPDs, wilayah, the region profile and the Gugus Tugas."""
