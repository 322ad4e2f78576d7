// What lives in this folder.
//
// Commands: the command-line commands (serve's companions): demo data, catalog tools, audit
// verify and checkpoint, outbox and clocks passes, bench. `CommandKind` decides what each one opens.
