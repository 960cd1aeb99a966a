"""Alerts by e-mail: anyone follows a search, a person or a hashtag, with no account.

A sign-up mails a signed link to confirm (nothing is sent to an address that did not
confirm, and an unconfirmed sign-up is forgotten after a week); the worker then mails a
daily or weekly digest of the statements the search finds that the archive gained since
the last one. Every message has a link to stop (and the List-Unsubscribe headers of RFC
8058, so mail programs offer one click); an address's owner can have it deleted with
every alert it holds. Links in mails never change anything when opened: a button on the
page they open does, so a mail scanner following links changes nothing.
"""
