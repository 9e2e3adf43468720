# src/store: sources of the store module (appended to libraingan.a).
