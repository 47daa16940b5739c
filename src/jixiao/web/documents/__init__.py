"""Documents app: the 批复 (numbered replies with their documents), the plan's 绩效文本
downloads, and public disclosure (公开): anonymous pages and open data of what the
finance bureau published."""
