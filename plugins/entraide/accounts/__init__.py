"""Editor accounts: who may propose, review and manage, and how they prove it.

Plain Python over one JSON file in the editor's state folder; the CLI
(``entraide users``) and the server's sign-in pages are adapters over it.
"""
