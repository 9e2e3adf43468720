# src/layout: sources of the layout module (appended to libraingan.a).
