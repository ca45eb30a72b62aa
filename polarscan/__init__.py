"""polarscan command line (composition root). See DEVELOPERS.md."""
