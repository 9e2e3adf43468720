# src/template: sources of the template module (appended to libraingan.a).
