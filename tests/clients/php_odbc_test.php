<?php
// Real client: PHP's odbc extension and PDO_ODBC (Debian's php-odbc) against the driver, by DSN. PHP is an
// ODBC 2.x application: odbc_fetch_* fetch with SQLExtendedFetch. Prepared INSERT and SELECT with
// parameters, NULLs, Unicode text, SELECT count(*), odbc_tables (SQLTables), odbc_columns (SQLColumns),
// an error's SQLSTATE, and PDO with a transaction. Usage: php php_odbc_test.php DSN
declare(strict_types=1);

if ($argc < 2) {
    fwrite(STDERR, "usage: php php_odbc_test.php DSN\n");
    exit(2);
}
$dsn = $argv[1];
$failures = [];

function check(bool $ok, string $what): void
{
    global $failures;
    if (!$ok) {
        $failures[] = $what;
    }
}

function must($value, string $what)
{
    if ($value === false) {
        fwrite(STDERR, "$what failed: " . odbc_error() . " " . odbc_errormsg() . "\n");
        exit(1);
    }
    return $value;
}

// ---- the odbc_* functions
$c = must(odbc_connect($dsn, "", ""), "odbc_connect");
$t = "php_t_$dsn";
must(odbc_exec($c, "DROP TABLE IF EXISTS $t"), "DROP");
must(odbc_exec($c, "CREATE TABLE $t (id int PRIMARY KEY, name varchar(40), amount numeric(10,2))"), "CREATE");
$ins = must(odbc_prepare($c, "INSERT INTO $t VALUES (?, ?, ?)"), "odbc_prepare INSERT");
must(odbc_execute($ins, [1, "plain", "12.50"]), "odbc_execute 1");
must(odbc_execute($ins, [3, "Grüße ✓", "0.00"]), "odbc_execute 3");
must(odbc_exec($c, "INSERT INTO $t VALUES (2, NULL, -3.25)"), "INSERT NULL");

$count = must(odbc_exec($c, "SELECT count(*) FROM $t"), "SELECT count(*)");
check(odbc_fetch_row($count) === true, "odbc_fetch_row of SELECT count(*) returned no row");
check(odbc_result($count, 1) === "3", "count(*) = " . var_export(odbc_result($count, 1), true));
check(odbc_fetch_row($count) === false, "a second row after count(*)");

$sel = must(odbc_prepare($c, "SELECT id, name, amount FROM $t WHERE id >= ? ORDER BY id"), "odbc_prepare SELECT");
must(odbc_execute($sel, [1]), "odbc_execute SELECT");
$rows = [];
while (($r = odbc_fetch_array($sel)) !== false) {
    $rows[] = $r;
}
check(count($rows) === 3, "expected 3 rows, got " . count($rows));
if (count($rows) === 3) {
    check($rows[0] === ["id" => "1", "name" => "plain", "amount" => "12.50"], "row 1: " . json_encode($rows[0]));
    check($rows[1]["name"] === null, "row 2 name should be NULL: " . json_encode($rows[1]));
    check($rows[1]["amount"] === "-3.25", "row 2 amount: " . json_encode($rows[1]));
    check($rows[2]["name"] === "Grüße ✓", "row 3 name: " . json_encode($rows[2]));
}

$tables = must(odbc_tables($c, null, "public", $t, "TABLE"), "odbc_tables");
$found = [];
while (($r = odbc_fetch_array($tables)) !== false) {
    $found[] = $r["TABLE_NAME"];
}
check($found === [$t], "odbc_tables found " . json_encode($found));

$columns = must(odbc_columns($c, null, "public", $t), "odbc_columns");
$names = [];
while (($r = odbc_fetch_array($columns)) !== false) {
    $names[] = $r["COLUMN_NAME"];
}
check($names === ["id", "name", "amount"], "odbc_columns found " . json_encode($names));

check(@odbc_exec($c, "SELECT * FROM no_such_table_php") === false, "a missing table did not fail");
check(odbc_error($c) === "42P01", "SQLSTATE of a missing table: " . odbc_error($c));
odbc_close($c);

// ---- PDO_ODBC
$pdo = new PDO("odbc:$dsn", null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$st = $pdo->prepare("SELECT id, name, amount FROM $t WHERE id = ?");
$st->execute([3]);
$row = $st->fetch(PDO::FETCH_ASSOC);
check($row !== false && $row["name"] === "Grüße ✓" && $row["amount"] === "0.00", "PDO row 3: " . json_encode($row));
check($st->fetch(PDO::FETCH_ASSOC) === false, "PDO: a second row for id = 3");
$all = $pdo->query("SELECT id FROM $t ORDER BY id")->fetchAll(PDO::FETCH_COLUMN);
check($all === ["1", "2", "3"], "PDO ids: " . json_encode($all));

$pdo->beginTransaction();
$pdo->prepare("INSERT INTO $t VALUES (?, ?, ?)")->execute([4, "rolled back", "1.00"]);
$pdo->rollBack();
$pdo->beginTransaction();
$pdo->prepare("INSERT INTO $t VALUES (?, ?, ?)")->execute([5, "committed", "2.00"]);
$pdo->commit();
$ids = $pdo->query("SELECT id FROM $t WHERE id > 3 ORDER BY id")->fetchAll(PDO::FETCH_COLUMN);
check($ids === ["5"], "PDO after rollback and commit: " . json_encode($ids));

try {
    $pdo->query("SELECT * FROM no_such_table_pdo");
    check(false, "PDO: a missing table did not throw");
} catch (PDOException $e) {
    check($e->getCode() === "42P01", "PDO SQLSTATE of a missing table: " . $e->getCode());
}
$pdo->exec("DROP TABLE $t");
$pdo = null;

if ($failures) {
    echo implode("\n", $failures), "\n";
    exit(1);
}
echo "PHP odbc and PDO_ODBC against $dsn: all checks passed\n";
