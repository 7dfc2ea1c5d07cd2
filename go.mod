module github.com/orgsync/orgsync

go 1.26
