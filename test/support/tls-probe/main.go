// Command tls-probe is an independent TLS client for the gateway's TLS tests
// (test/serve/tls.system.test.ts): it connects to 127.0.0.1 with Go's crypto/tls, which
// offers X25519MLKEM768 first by default (Go 1.24 on; ConnectionState.CurveID needs Go 1.25), and prints one JSON line: the
// negotiated key-exchange group, the TLS version, and the HTTP status and JSON body of a GET
// (/healthz unless -path says otherwise).
//
//	go run . -port PORT [-ca CERT.pem] [-only-mlkem] [-path /readyz]
//
// With -only-mlkem it offers X25519MLKEM768 alone (CurvePreferences); a failed handshake is
// reported as {"error": ...} with exit code 2, so the caller can tell it from a broken probe.
// Standard library only.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"time"
)

type result struct {
	Go      string          `json:"go"`
	Group   string          `json:"group,omitempty"`
	Version string          `json:"version,omitempty"`
	Status  int             `json:"status,omitempty"`
	Body    json.RawMessage `json:"body,omitempty"`
	Error   string          `json:"error,omitempty"`
}

func main() {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1")
	caFile := flag.String("ca", "", "PEM certificate to trust (the server's self-signed one)")
	onlyMLKEM := flag.Bool("only-mlkem", false, "offer X25519MLKEM768 only")
	path := flag.String("path", "/healthz", "path to GET once the handshake is done")
	flag.Parse()
	out := result{Go: runtime.Version()}
	emit := func(code int) {
		line, _ := json.Marshal(out)
		fmt.Println(string(line))
		os.Exit(code)
	}
	config := &tls.Config{ServerName: "localhost", MinVersion: tls.VersionTLS12}
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			out.Error = err.Error()
			emit(1)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			out.Error = "no certificate in " + *caFile
			emit(1)
		}
		config.RootCAs = pool
	}
	if *onlyMLKEM {
		config.CurvePreferences = []tls.CurveID{tls.X25519MLKEM768}
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(dialer, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)), config)
	if err != nil {
		out.Error = err.Error()
		emit(2)
	}
	state := conn.ConnectionState()
	out.Group = state.CurveID.String()
	out.Version = tls.VersionName(state.Version)
	client := &http.Client{
		Timeout: 5 * time.Second,
		Transport: &http.Transport{
			DialTLS: func(string, string) (net.Conn, error) { return conn, nil },
		},
	}
	response, err := client.Get("https://localhost:" + strconv.Itoa(*port) + *path)
	if err != nil {
		out.Error = err.Error()
		emit(1)
	}
	body, err := io.ReadAll(response.Body)
	response.Body.Close()
	if err != nil {
		out.Error = err.Error()
		emit(1)
	}
	out.Status = response.StatusCode
	if json.Valid(body) {
		out.Body = body
	}
	emit(0)
}
