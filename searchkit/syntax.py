"""The query language, as `searchkit search --help` and the web page's syntax page tell it."""

QUERY_HELP = """
\b
Query language (notmuch- and Whoosh-style):
  words            all of them:           board control
  "a phrase"       the words in order:    "discussions are over"
  OR, NOT, -word   alternatives, without: tesla OR spacex -google
  compu*  safty~   wildcard, fuzzy:       fund*  sutskevr~
  from: to: cc:    people (to: is to, cc or bcc), by full, first or last name:
  bcc:             from:elon  to:"Greg Brockman"  from:gdb  bcc:carol
  subject: kind:   subject:"honest thoughts"  kind:email  kind:paragraph
  attachment:      a file's name, or a word of it:  attachment:budget.xlsx  attachment:pdf
  author:          a page's author, as its metadata names them:  author:"Jane Doe"
  folder:          a mail store's folder and the folders inside it,
                   any case:  folder:Sent  folder:Archive/2019
  date:            date:2017  date:2017-09  date:2017-09-20  date:2017-09..2018-02
  after: before:   after:2017-06  before:2018   (after includes, before excludes)
"""
