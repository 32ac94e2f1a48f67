"""E-mail: the kinds of notification and their words (`kinds`), writing a message in the
recipient's language (`message`) and handing it to the SMTP server (`smtp`).

Sending happens only in the background job `audit.jobs.mail.send_delivery`; services ask
for it through `audit.services.notifications`.
"""
