module pqgate/tls-probe

go 1.25
