"""Reading and writing the five languages: which one a message is in, dates, amounts, periods,
the debtor's figures, formatting and the text catalogue."""
