from polarscan.cli import main

main()
