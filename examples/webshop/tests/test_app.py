import json

from shop.app import main


def test_main_prints_the_response(products, capsys):
    assert main(["get", "/products/MUG2"]) == 0
    assert json.loads(capsys.readouterr().out)["body"]["name"] == "Mug"


def test_main_usage_and_errors(capsys):
    assert main([]) == 2
    assert "usage: webshop" in capsys.readouterr().err
    assert main(["POST", "/users", "{bad"]) == 2
    assert main(["GET", "/products/NOPE"]) == 1
