"""Writers: turn model documents into the files finance offices exchange (Excel, …).

Heavy libraries (openpyxl) are imported only inside the writer module that needs them.
"""
