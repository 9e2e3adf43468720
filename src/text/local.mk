# src/text: sources of the text module (appended to libraingan.a).
